/* A dashboard server on a single-threaded event loop: a 10 ms heartbeat plus the app's requests. */
#include "app.h"

#include <stdio.h>

#define BEATS 40
#define LATE_BUDGET_MS 100

static int beats;
static long worst_late;

/* The heartbeat keeps the dashboard's clients connected; it must run every 10 ms. */
static void heartbeat(struct loop *l, void *arg)
{
	int *id = arg;
	long late = loop_timer_late_ms(l);

	if (late > worst_late)
		worst_late = late;
	if (++beats % 10 == 0 || late > 20)
		printf("        heartbeat %2d (%ld ms late)\n", beats, late);
	if (beats == BEATS)
		loop_timer_stop(l, *id);
}

int main(void)
{
	struct loop l;
	int id;

	if (loop_init(&l) < 0)
		return 2;
	id = loop_timer_start(&l, 10, 10, heartbeat, &id);
	app_start(&l);
	loop_run(&l);
	loop_release(&l);

	printf("report checksum %lu, heartbeat worst lateness %ld ms (budget %d ms)\n",
	       app_report_checksum(), worst_late, LATE_BUDGET_MS);
	if (app_report_checksum() != 333833500UL) {
		printf("FAIL: no report was sent (checksum %lu, expected 333833500)\n",
		       app_report_checksum());
		return 1;
	}
	if (worst_late > LATE_BUDGET_MS) {
		printf("FAIL: the heartbeat ran %ld ms late (budget %d ms): a handler blocked the "
		       "event loop's only thread\n", worst_late, LATE_BUDGET_MS);
		return 1;
	}
	return 0;
}
