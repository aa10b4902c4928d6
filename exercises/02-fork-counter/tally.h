/* A running tally of processed records, shared by the worker processes of a batch job. */
#ifndef TALLY_H
#define TALLY_H

struct tally;

/* Made by the parent before it forks; every worker process adds to the same tally. NULL on error. */
struct tally *tally_create(void);
void tally_add(struct tally *t, long amount);
long tally_records(struct tally *t);
long tally_total(struct tally *t);
void tally_destroy(struct tally *t);

#endif
