# SPDX-License-Identifier: MIT
# A TLS common symbol (what .tls_common makes; gcc and clang emit .tbss
# instead, even with -fcommon): GNU ld puts it in .tcommon, lld in .bss,
# unless ukld gives it a section first (tls_convert_common()).
	.tls_common tc_buf,64,64
	.section .note.GNU-stack,"",@progbits
