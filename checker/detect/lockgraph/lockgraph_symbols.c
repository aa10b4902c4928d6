/*
 * Resolving a trace's call sites and lock addresses in the traced binary: addr2line for the
 * sites, the ELF symbol table for the names of global locks.
 */
#include "lockgraph.h"
#include "lockgraph_int.h"

#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/util.h"
#include "run/spawn.h"

#define MAX_PCS 4000
#define ADDR2LINE_TIMEOUT_MS 60000

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void add_site(uint64_t *pcs, size_t *n, const struct lg_site *s)
{
	for (unsigned i = 0; i < s->n && *n < MAX_PCS; i++)
		pcs[(*n)++] = s->pc[i];
}

static size_t collect_pcs(const struct lg_trace *t, uint64_t *pcs)
{
	size_t n = 0, u = 0;

	for (size_t i = 0; i < t->nobjs; i++)
		add_site(pcs, &n, &t->objs[i].site);
	for (size_t i = 0; i < t->nthreads; i++)
		add_site(pcs, &n, &t->threads[i].site);
	for (size_t i = 0; i < t->nedges; i++) {
		add_site(pcs, &n, &t->edges[i].from_site);
		add_site(pcs, &n, &t->edges[i].to_site);
	}
	for (size_t i = 0; i < t->nwaiters; i++)
		add_site(pcs, &n, &t->waiters[i].site);
	for (size_t i = 0; i < t->nheld; i++)
		add_site(pcs, &n, &t->held[i].site);
	for (size_t i = 0; i < t->npipes; i++)
		add_site(pcs, &n, &t->pipes[i].site);
	for (size_t i = 0; i < t->nforks; i++) {
		add_site(pcs, &n, &t->forks[i].site);
		add_site(pcs, &n, &t->forks[i].hsite);
	}
	for (size_t i = 0; i < t->nevents; i++) {
		add_site(pcs, &n, &t->events[i].site);
		add_site(pcs, &n, &t->events[i].site2);
	}
	qsort(pcs, n, sizeof(*pcs), cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (!u || pcs[u - 1] != pcs[i])
			pcs[u++] = pcs[i];
	/* The event log's sites: thousands of events share a few sites, so look each one up. */
	n = u;
	for (size_t i = 0; i < t->ntl && u < MAX_PCS; i++) {
		uint64_t pc = t->tl[i].site.pc[0];
		bool seen = !pc || bsearch(&pc, pcs, n, sizeof(*pcs), cmp_u64);

		for (size_t k = n; k < u && !seen; k++)
			seen = pcs[k] == pc;
		if (!seen)
			pcs[u++] = pc;
	}
	qsort(pcs, u, sizeof(*pcs), cmp_u64);
	return u;
}

/* addr2line -f -a prints, per address: "0x...", the function, then "file:line" (or "??:0"). */
static enum rl_err parse_addr2line(struct lg_symbols *s, char *text)
{
	char *save = NULL, *line;
	struct lg_frame *cur = NULL;
	int state = 0;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long pc;

		if (!strncmp(line, "0x", 2) && lgd_parse_ulong(line + 2, 16, ULONG_MAX, &pc)) {
			cur = lgd_push(&s->frames, &s->nframes, sizeof(*cur));
			if (!cur)
				return RL_ERR_NOMEM;
			cur->pc = pc + 1; /* we asked for the call instruction, pc - 1 */
			state = 1;
		} else if (cur && state == 1) {
			if (strcmp(line, "??") && !(cur->function = strdup(line)))
				return RL_ERR_NOMEM;
			state = 2;
		} else if (cur && state == 2) {
			char *colon = strrchr(line, ':');
			long ln;

			state = 0;
			if (!colon || !strncmp(line, "??", 2))
				continue;
			ln = strtol(colon + 1, NULL, 10);
			if (ln <= 0)
				continue;
			*colon = '\0';
			cur->line = (int)(ln > INT_MAX ? 0 : ln);
			if (!(cur->file = strdup(line)))
				return RL_ERR_NOMEM;
		}
	}
	return RL_ERR_OK;
}

static int cmp_frame(const void *a, const void *b)
{
	const struct lg_frame *x = a, *y = b;

	return x->pc < y->pc ? -1 : x->pc > y->pc;
}

enum rl_err lg_symbols_add_addr2line(struct lg_symbols *s, const char *text)
{
	char *copy = strdup(text);
	enum rl_err e;

	if (!copy)
		return RL_ERR_NOMEM;
	e = parse_addr2line(s, copy);
	free(copy);
	/* Lookups bisect: keep the frames sorted whatever order the addresses came in. */
	if (s->nframes)
		qsort(s->frames, s->nframes, sizeof(*s->frames), cmp_frame);
	return e;
}

static enum rl_err run_addr2line(struct lg_symbols *s, const uint64_t *pcs, size_t n,
				 const char *binary, const char *tmpdir, struct diag *d)
{
	const char **argv = calloc(n + 7, sizeof(*argv));
	char *hex = malloc(n * 20 + 1), out[PATH_MAX], *text = NULL;
	struct spawn_result res;
	struct diag dd = DIAG_INIT;
	enum rl_err e = RL_ERR_OK;
	size_t a = 0, len = 0;

	if (!argv || !hex) {
		e = diag_set(d, RL_ERR_NOMEM, "out of memory");
		goto out;
	}
	snprintf(out, sizeof(out), "%s/lockgraph.addr2line", tmpdir);
	argv[a++] = "addr2line";
	argv[a++] = "-f";
	argv[a++] = "-a";
	argv[a++] = "-e";
	argv[a++] = binary;
	for (size_t i = 0; i < n; i++) {
		char *h = hex + i * 20;

		snprintf(h, 20, "0x%llx", (unsigned long long)(pcs[i] - 1));
		argv[a++] = h;
	}
	argv[a] = NULL;
	{
		struct spawn_opts o = { .argv = argv, .stdout_path = out,
					.output_cap = 16u << 20, .timeout_ms = ADDR2LINE_TIMEOUT_MS };

		memset(&res, 0, sizeof(res));
		/* No addr2line is no error: the findings just lack their file:line. */
		if (spawn_run(&o, &res, &dd) != RL_ERR_OK || !res.exited || res.status != 0)
			goto out;
	}
	text = read_file_capped(out, 16u << 20, &len);
	if (text)
		e = lg_symbols_add_addr2line(s, text);
	if (e != RL_ERR_OK)
		diag_set(d, e, "out of memory");
out:
	unlink(out);
	free(text);
	free(hex);
	free(argv);
	return e;
}

static int cmp_datasym(const void *a, const void *b)
{
	const struct lg_datasym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Global objects of an ELF64 executable from .symtab (the -g build is not stripped). */
static enum rl_err load_datasyms(struct lg_symbols *s, const char *binary)
{
	size_t len = 0;
	char *img = read_file_capped(binary, 256u << 20, &len);
	const Elf64_Ehdr *eh;
	enum rl_err e = RL_ERR_OK;

	if (!img)
		return RL_ERR_OK;
	eh = (const Elf64_Ehdr *)img;
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff > len || (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > len - eh->e_shoff)
		goto out;
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff) + i, *str;

		if (sh->sh_type != SHT_SYMTAB || sh->sh_link >= eh->e_shnum ||
		    sh->sh_offset > len || sh->sh_size > len - sh->sh_offset)
			continue;
		str = (const Elf64_Shdr *)(img + eh->e_shoff) + sh->sh_link;
		if (str->sh_offset > len || str->sh_size > len - str->sh_offset)
			continue;
		for (size_t k = 0; k < sh->sh_size / sizeof(Elf64_Sym); k++) {
			const Elf64_Sym *sym = (const Elf64_Sym *)(img + sh->sh_offset) + k;
			const char *name = img + str->sh_offset + sym->st_name;
			struct lg_datasym *ds;

			if (ELF64_ST_TYPE(sym->st_info) != STT_OBJECT || !sym->st_size ||
			    sym->st_shndx == SHN_UNDEF || sym->st_name >= str->sh_size ||
			    !memchr(name, '\0', str->sh_size - sym->st_name) || !*name)
				continue;
			if (!(ds = lgd_push(&s->data, &s->ndata, sizeof(*ds))) ||
			    !(ds->name = strdup(name))) {
				e = RL_ERR_NOMEM;
				goto out;
			}
			ds->addr = sym->st_value;
			ds->size = sym->st_size;
		}
	}
	qsort(s->data, s->ndata, sizeof(*s->data), cmp_datasym);
out:
	free(img);
	return e;
}

enum rl_err lg_symbols_load(struct lg_symbols *s, const struct lg_trace *t, const char *binary,
			    const char *tmpdir, struct diag *d)
{
	uint64_t *pcs = malloc(MAX_PCS * sizeof(*pcs));
	size_t n;
	enum rl_err e;

	if (!pcs)
		return diag_set(d, RL_ERR_NOMEM, "out of memory");
	n = collect_pcs(t, pcs);
	e = n ? run_addr2line(s, pcs, n, binary, tmpdir, d) : RL_ERR_OK;
	free(pcs);
	if (e == RL_ERR_OK && (e = load_datasyms(s, binary)) != RL_ERR_OK)
		diag_set(d, e, "out of memory");
	if (e == RL_ERR_OK && (e = lgd_names_load(s, t, binary)) != RL_ERR_OK)
		diag_set(d, e, "out of memory");
	return e;
}

void lg_symbols_release(struct lg_symbols *s)
{
	for (size_t i = 0; i < s->nframes; i++) {
		free(s->frames[i].file);
		free(s->frames[i].function);
	}
	for (size_t i = 0; i < s->ndata; i++)
		free(s->data[i].name);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i].name);
	free(s->frames);
	free(s->data);
	free(s->names);
	memset(s, 0, sizeof(*s));
}
