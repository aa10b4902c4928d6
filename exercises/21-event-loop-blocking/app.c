/* The request handler: builds a usage report from the (slow) log archive. */
#include "app.h"

#include <stdio.h>
#include <unistd.h>

static unsigned long report_checksum; /* loop-thread state */

/* Reading the archive takes 250 ms: a synchronous disk read, like fs.readFileSync. */
static unsigned long build_report(void)
{
	unsigned long sum = 0;

	usleep(250000);
	for (unsigned long i = 1; i <= 1000; i++)
		sum += i * i;
	return sum;
}

static void on_request(struct loop *l, void *arg)
{
	(void)arg;
	printf("app: request for the usage report\n");
	report_checksum = build_report();
	printf("app: report sent (checksum %lu)\n", report_checksum);
	(void)l;
}

void app_start(struct loop *l)
{
	loop_timer_start(l, 30, 0, on_request, NULL);
}

unsigned long app_report_checksum(void)
{
	return report_checksum;
}
