/*
 * Names a person would write for locks inside global arrays and structs (`tools[1]`,
 * `accounts[3].lock`), from the DWARF types of the -g build: the ELF symbol table alone knows
 * only `tools+40`.
 */
#include "lockgraph.h"
#include "lockgraph_int.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Typedefs, qualifiers and nesting: a bound on how deep a name is followed. */
#define MAX_DEPTH 16

static bool type_of(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute at;

	return dwarf_attr_integrate(die, DW_AT_type, &at) && dwarf_formref_die(&at, out);
}

/* A synchronisation type by its typedef name: the walk stops there (its insides are glibc's). */
static bool sync_typedef(Dwarf_Die *t)
{
	const char *n = dwarf_diename(t);

	return n && (!strncmp(n, "pthread_", 8) || !strcmp(n, "sem_t") || !strncmp(n, "atomic_", 7));
}

static bool subrange_count(Dwarf_Die *sub, Dwarf_Word *count)
{
	Dwarf_Attribute at;
	Dwarf_Word v;

	if (dwarf_attr_integrate(sub, DW_AT_count, &at) && !dwarf_formudata(&at, &v)) {
		*count = v;
		return true;
	}
	if (dwarf_attr_integrate(sub, DW_AT_upper_bound, &at) && !dwarf_formudata(&at, &v)) {
		*count = v + 1;
		return true;
	}
	return false;
}

/* Appends "<pre><s>" or, when s is NULL, "<pre><n><post>" to buf. */
static void append(char *buf, size_t len, const char *pre, const char *s, unsigned long long n,
		   const char *post)
{
	size_t o = strlen(buf);

	if (o >= len)
		return;
	if (s)
		snprintf(buf + o, len - o, "%s%s", pre, s);
	else
		snprintf(buf + o, len - o, "%s%llu%s", pre, n, post);
}

/* Indexes of an array (every dimension) at *off; *off keeps what is left inside the element. */
static bool walk_array(Dwarf_Die *arr, Dwarf_Word *off, char *buf, size_t len, Dwarf_Die *elem)
{
	Dwarf_Word dims[8], esize, stride;
	Dwarf_Die child;
	size_t nd = 0;

	if (!type_of(arr, elem) || dwarf_aggregate_size(elem, &esize) || !esize)
		return false;
	if (dwarf_child(arr, &child) == 0) {
		do {
			if (dwarf_tag(&child) == DW_TAG_subrange_type && nd < 8 &&
			    !subrange_count(&child, &dims[nd++]))
				return false;
		} while (dwarf_siblingof(&child, &child) == 0);
	}
	if (!nd)
		dims[nd++] = 0; /* a flexible or unknown bound: the index alone */
	for (size_t i = 0; i < nd; i++) {
		stride = esize;
		for (size_t j = i + 1; j < nd; j++)
			stride *= dims[j] ? dims[j] : 1;
		append(buf, len, "[", NULL, (unsigned long long)(*off / stride), "]");
		*off %= stride;
	}
	return true;
}

/* The member of a struct that covers *off; *off becomes the offset inside it. */
static bool walk_struct(Dwarf_Die *st, Dwarf_Word *off, char *buf, size_t len, Dwarf_Die *mtype)
{
	Dwarf_Die m;

	if (dwarf_child(st, &m) != 0)
		return false;
	do {
		Dwarf_Attribute at;
		Dwarf_Word loc, size;
		Dwarf_Die t;

		if (dwarf_tag(&m) != DW_TAG_member || !dwarf_diename(&m) ||
		    !dwarf_attr_integrate(&m, DW_AT_data_member_location, &at) ||
		    dwarf_formudata(&at, &loc) || !type_of(&m, &t) || dwarf_aggregate_size(&t, &size))
			continue;
		if (*off >= loc && *off < loc + size) {
			append(buf, len, ".", dwarf_diename(&m), 0, "");
			*off -= loc;
			*mtype = t;
			return true;
		}
	} while (dwarf_siblingof(&m, &m) == 0);
	return false;
}

/* Writes var's name and the path to off inside its type into buf ("tools[1]"). */
static void describe(Dwarf_Die *var, const char *name, Dwarf_Word off, char *buf, size_t len)
{
	Dwarf_Die t;
	bool ok = type_of(var, &t);

	snprintf(buf, len, "%s", name);
	for (int depth = 0; ok && depth < MAX_DEPTH; depth++) {
		Dwarf_Die next;
		int tag = dwarf_tag(&t);

		if (tag == DW_TAG_typedef && sync_typedef(&t))
			break;
		if (tag == DW_TAG_typedef || tag == DW_TAG_const_type || tag == DW_TAG_volatile_type ||
		    tag == DW_TAG_atomic_type) {
			ok = type_of(&t, &next);
		} else if (tag == DW_TAG_array_type) {
			ok = walk_array(&t, &off, buf, len, &next);
		} else if (tag == DW_TAG_structure_type) {
			/* A struct whose first member is at the object's address: name the member. */
			ok = walk_struct(&t, &off, buf, len, &next);
		} else {
			break;
		}
		t = next;
	}
	if (off)
		append(buf, len, "+", NULL, (unsigned long long)off, "");
}

/* The top-level variable DIE named name, in any compilation unit. */
static bool find_var(Dwarf *dw, const char *name, Dwarf_Die *out)
{
	Dwarf_Off off = 0, next;
	size_t hsize;

	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, c;

		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_child(&cu, &c) == 0) {
			do {
				const char *n = dwarf_diename(&c);

				if (dwarf_tag(&c) == DW_TAG_variable && n && !strcmp(n, name) &&
				    dwarf_hasattr_integrate(&c, DW_AT_type)) {
					*out = c;
					return true;
				}
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		off = next;
	}
	return false;
}

static const struct lg_datasym *datasym_of(const struct lg_symbols *s, uint64_t addr)
{
	for (size_t i = 0; i < s->ndata; i++)
		if (addr >= s->data[i].addr && addr < s->data[i].addr + s->data[i].size)
			return &s->data[i];
	return NULL;
}

enum rl_err lgd_names_load(struct lg_symbols *s, const struct lg_trace *t, const char *binary)
{
	enum rl_err e = RL_ERR_OK;
	int fd = open(binary, O_RDONLY | O_CLOEXEC);
	Dwarf *dw;

	if (fd < 0)
		return RL_ERR_OK;
	dw = dwarf_begin(fd, DWARF_C_READ);
	if (!dw)
		goto out_close_fd; /* no DWARF: the symbol table's names stay */
	for (size_t i = 0; i < t->nobjs && e == RL_ERR_OK; i++) {
		const struct lg_obj_rec *o = &t->objs[i];
		const struct lg_datasym *d = o->in_exe ? datasym_of(s, o->addr) : NULL;
		struct lg_objname *n;
		Dwarf_Die var;
		char buf[256];

		if (!d || !find_var(dw, d->name, &var))
			continue;
		describe(&var, d->name, o->addr - d->addr, buf, sizeof(buf));
		if (!strcmp(buf, d->name))
			continue;
		if (!(n = lgd_push(&s->names, &s->nnames, sizeof(*n))) || !(n->name = strdup(buf))) {
			e = RL_ERR_NOMEM;
			break;
		}
		n->addr = o->addr;
	}
	dwarf_end(dw);
out_close_fd:
	close(fd);
	return e;
}

const char *lgd_name_of(const struct lg_symbols *s, uint64_t addr)
{
	for (size_t i = 0; s && i < s->nnames; i++)
		if (s->names[i].addr == addr)
			return s->names[i].name;
	return NULL;
}
