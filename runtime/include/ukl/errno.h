/* SPDX-License-Identifier: MIT */
/* Linux errno values (the same on every Linux architecture we target). */
#ifndef UKL_ERRNO_H
#define UKL_ERRNO_H

#define EPERM        1
#define ENOENT       2
#define ESRCH        3
#define EINTR        4
#define EIO          5
#define EBADF        9
#define EAGAIN       11
#define ENOMEM       12
#define EACCES       13
#define EFAULT       14
#define EBUSY        16
#define EEXIST       17
#define EXDEV        18
#define ENODEV       19
#define ENOTDIR      20
#define EISDIR       21
#define EINVAL       22
#define EMFILE       24
#define ENOTTY       25
#define EFBIG        27
#define ENOSPC       28
#define ESPIPE       29
#define EROFS        30
#define ERANGE       34
#define ENAMETOOLONG 36
#define ENOSYS       38
#define ENOTEMPTY    39
#define ELOOP        40
#define ENOMSG       42
#define ENODATA      61
#define ETIME        62
#define EOVERFLOW    75
#define ENOTSOCK     88
#define EDESTADDRREQ 89
#define EMSGSIZE     90
#define EPROTOTYPE   91
#define ENOPROTOOPT  92
#define EPROTONOSUPPORT 93
#define ESOCKTNOSUPPORT 94
#define EOPNOTSUPP   95
#define EPFNOSUPPORT 96
#define EAFNOSUPPORT 97
#define EADDRINUSE   98
#define EADDRNOTAVAIL 99
#define ENETDOWN     100
#define ENETUNREACH  101
#define ENETRESET    102
#define ECONNABORTED 103
#define ECONNRESET   104
#define ENOBUFS      105
#define EISCONN      106
#define ENOTCONN     107
#define ESHUTDOWN    108
#define ETIMEDOUT    110
#define ECONNREFUSED 111
#define EHOSTDOWN    112
#define EHOSTUNREACH 113
#define EALREADY     114
#define EINPROGRESS  115
#define EDEADLK      35
#define EPIPE        32
#define ECHILD       10
#define E2BIG        7
#define ENXIO        6

#endif
