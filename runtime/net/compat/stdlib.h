/* SPDX-License-Identifier: MIT */
/* lwIP includes <stdlib.h> for atoi (netif_find, which the runtime does not
 * call; the name is resolved by runtime/net/glue.c). */
int atoi(const char *s);
