/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line, split into the kernel's parameters and the
 * program's arguments and environment (the rules: ukl/cmdline.h).
 * Everything is parsed once, into static storage, before the program
 * starts; nothing here allocates.
 */
#include <ukl/cmdline.h>

#define CMDLINE_BUF 8192
#define MAX_PARAMS 32

/* Parameters that Linux or QEMU put on a command line, taken by the kernel
 * though they do not start with "ukl.": QEMU's microvm adds
 * virtio_mmio.device= words for its devices; ip= is Linux's static
 * address syntax (runtime/net/). */
static const char *const foreign_params[] = { "ip", "virtio_mmio.device" };

static char buf[CMDLINE_BUF];
static struct cmdline cl;
static struct {
	const char *name;
	size_t len;
	const char *value;   /* "" for a bare word */
} params[MAX_PARAMS];
static int nparams;

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The next word of *sp into out (NUL-terminated), advancing *sp; false at
 * the end of the line.  *used counts bytes of buf taken. */
static bool next_word(const char **sp, char **out, size_t *used)
{
	const char *s = *sp;
	bool quoted = false;

	while (blank(*s))
		s++;
	if (!*s)
		return false;
	char *w = buf + *used;
	size_t n = *used;
	while (*s && (quoted || !blank(*s))) {
		char c = *s++;
		if (c == '"') {
			quoted = !quoted;
			continue;
		}
		if (c == '\\' && *s) {
			c = *s++;
			if (c == 'x' && hex(s[0]) >= 0 && hex(s[1]) >= 0) {
				c = (char)(hex(s[0]) << 4 | hex(s[1]));
				s += 2;
			}
		}
		if (n + 2 >= sizeof(buf))
			break;
		buf[n++] = c;
	}
	buf[n++] = 0;
	*used = n;
	*out = w;
	*sp = s;
	return true;
}

/* Is w a kernel parameter (before "--")?  Its name's length, or 0. */
static size_t param_name_len(const char *w)
{
	size_t len = 0;

	while (w[len] && w[len] != '=')
		len++;
	if (len > 4 && !memcmp(w, "ukl.", 4))
		return len;
	for (size_t i = 0; i < ARRAY_SIZE(foreign_params); i++)
		if (strlen(foreign_params[i]) == len && !memcmp(w, foreign_params[i], len) && w[len])
			return len;
	return 0;
}

void cmdline_init(const char *s)
{
	size_t used = 0;
	bool args_only = false;
	char *w;

	while (next_word(&s, &w, &used)) {
		size_t len = args_only ? 0 : param_name_len(w);
		if (!args_only && !strcmp(w, "--")) {
			args_only = true;
		} else if (len && len == 7 && !memcmp(w, "ukl.env", 7)) {
			if (w[7] == '=' && w[8] && cl.envc < CMDLINE_MAX_WORDS)
				cl.envp[cl.envc++] = w + 8;
		} else if (len) {
			if (nparams < MAX_PARAMS) {
				params[nparams].name = w;
				params[nparams].len = len;
				params[nparams].value = w[len] ? w + len + 1 : "";
				nparams++;
			}
		} else if (cl.argc < CMDLINE_MAX_WORDS) {
			cl.argv[cl.argc++] = w;
		} else {
			printk("ukl: more than %d arguments: the rest dropped\n",
			       CMDLINE_MAX_WORDS);
			break;
		}
		if (used + 2 >= sizeof(buf) && *s) {
			printk("ukl: command line longer than %zu bytes: cut\n", sizeof(buf));
			break;
		}
	}
}

const struct cmdline *cmdline_get(void)
{
	return &cl;
}

const char *cmdline_param(const char *name)
{
	size_t len = strlen(name);

	for (int i = nparams - 1; i >= 0; i--)
		if (params[i].len == len && !memcmp(params[i].name, name, len))
			return params[i].value;
	return NULL;
}
