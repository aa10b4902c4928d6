/*
 * backup: an uploader thread sends files to the backup server and records its progress in shared
 * statistics. main() wants a final report that is consistent, so it freezes the statistics (takes
 * their lock) and waits for the uploader to finish before printing them.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define FILES 5

static const char *const files[FILES] = {
	"photos.tar", "mail.mbox", "notes.md", "thesis.tex", "budget.ods"
};

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int uploaded;
	long bytes;
} stats;

static void *uploader_run(void *arg)
{
	(void)arg;
	for (int i = 0; i < FILES; i++) {
		usleep(10000); /* send the file */
		pthread_mutex_lock(&stats_lock);
		stats.uploaded++;
		stats.bytes += 1000 * (i + 1);
		pthread_mutex_unlock(&stats_lock);
		printf("    uploader: %s sent\n", files[i]);
	}
	printf("    uploader: done\n");
	return NULL;
}

int main(void)
{
	pthread_t uploader;

	setvbuf(stdout, NULL, _IOLBF, 0); /* keep every line, even if the program has to be killed */
	if (pthread_create(&uploader, NULL, uploader_run, NULL) != 0)
		return 1;
	usleep(15000); /* the user closes the backup window */

	/*
	 * Wait first, lock after: the uploader needs stats_lock to finish, so holding it across the
	 * join would make each thread wait for the other. Once joined, nobody else writes the stats;
	 * the lock is kept for the read only out of habit (and for future readers).
	 */
	printf("main: closing, waiting for the uploader to finish\n");
	pthread_join(uploader, NULL);
	pthread_mutex_lock(&stats_lock);
	printf("main: %d files, %ld bytes backed up\n", stats.uploaded, stats.bytes);
	pthread_mutex_unlock(&stats_lock);
	return 0;
}
