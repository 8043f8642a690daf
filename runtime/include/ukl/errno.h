/* SPDX-License-Identifier: MIT */
/* Linux errno values (the same on every Linux architecture we target). */
#ifndef UKL_ERRNO_H
#define UKL_ERRNO_H

#define EPERM   1
#define ENOENT  2
#define ESRCH   3
#define EINTR   4
#define EBADF   9
#define EAGAIN  11
#define ENOMEM  12
#define EFAULT  14
#define EEXIST  17
#define ENODEV  19
#define EINVAL  22
#define ENOTTY  25
#define ENOSYS  38

#endif
