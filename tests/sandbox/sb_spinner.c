/* Burns CPU in a loop: stopped only by RLIMIT_CPU or the timeout (gives up by itself after 20 s). */
#include <time.h>

int main(void)
{
	volatile unsigned long n = 0;
	time_t end = time(0) + 20;

	while (time(0) < end)
		n++;
	return 3;
}
