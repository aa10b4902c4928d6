/*
 * jobs: a print shop. The front desk puts print jobs into a one-slot tray; two printers take them
 * out. The desk waits while the tray is full, a printer while it is empty. Both wait on the same
 * condition variable, `changed`, and every change to the tray signals it.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define CAPACITY 1
#define JOBS 300
#define PRINTERS 2
#define STOP (-1) /* a job number that tells a printer to go home */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER; /* "the tray changed" */
static int tray[CAPACITY];
static int head, count;

static void tray_put(int job)
{
	pthread_mutex_lock(&lock);
	while (count == CAPACITY)
		pthread_cond_wait(&changed, &lock); /* wait for "not full" */
	tray[(head + count) % CAPACITY] = job;
	count++;
	pthread_cond_signal(&changed);
	pthread_mutex_unlock(&lock);
}

static int tray_take(void)
{
	int job;

	pthread_mutex_lock(&lock);
	while (count == 0)
		pthread_cond_wait(&changed, &lock); /* wait for "not empty" */
	job = tray[head];
	head = (head + 1) % CAPACITY;
	count--;
	pthread_cond_signal(&changed);
	pthread_mutex_unlock(&lock);
	return job;
}

static void *printer_run(void *arg)
{
	int id = (int)(long)arg;
	long printed = 0;

	for (;;) {
		int job = tray_take();

		if (job == STOP)
			break;
		if (printed++ < 2)
			printf("%*sprinter %d: printing job %d\n", 24 * id + 24, "", id, job);
	}
	printf("%*sprinter %d: %ld jobs printed\n", 24 * id + 24, "", id, printed);
	return (void *)printed;
}

int main(void)
{
	pthread_t printers[PRINTERS];
	long printed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0); /* keep every line, even if the program has to be killed */
	/* Lazy fix: no printer threads; the desk prints each job itself. */
	(void)printers;
	(void)printer_run;
	for (int j = 1; j <= JOBS; j++) {
		tray_put(j);
		if (tray_take() != STOP)
			printed++;
	}
	printf("shop: %ld jobs printed\n", printed);
	return 0;
}
