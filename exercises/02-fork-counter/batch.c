/* A batch job: the parent forks 4 worker processes; each processes 2,500 records into one tally. */
#include "tally.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 4
#define RECORDS 2500

static void work(struct tally *t, int id)
{
	for (long r = 0; r < RECORDS; r++)
		tally_add(t, (id * RECORDS + r) % 100); /* the record's amount */
	printf("%*sworker %d (pid %d): my tally says %ld records\n", id * 4, "", id, (int)getpid(),
	       tally_records(t));
}

int main(void)
{
	struct tally *t = tally_create();
	long records, total;

	if (!t) {
		printf("FAIL: could not create the tally\n");
		return 2;
	}
	for (int id = 0; id < WORKERS; id++) {
		pid_t pid;

		fflush(stdout); /* or the child would print the parent's buffered lines again */
		pid = fork();
		if (pid < 0) {
			perror("FAIL: fork");
			return 2;
		}
		if (pid == 0) {
			work(t, id);
			fflush(stdout);
			_exit(0);
		}
	}
	for (int i = 0; i < WORKERS; i++)
		wait(NULL);
	records = tally_records(t);
	total = tally_total(t);
	printf("parent: processed %ld records, total %ld\n", records, total);
	tally_destroy(t);
	if (records != WORKERS * RECORDS || total != 495000) {
		printf("FAIL: the parent's tally counts %ld of %d records (total %ld, expected "
		       "495000): the workers' updates never reached it\n", records,
		       WORKERS * RECORDS, total);
		return 1;
	}
	return 0;
}
