/* Forks children (and a double-forked daemon) that sleep forever; the parent sleeps too. */
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 3; i++)
		if (fork() == 0) {
			if (i == 2 && fork() == 0) {
				setsid();
				for (;;)
					pause();
			}
			for (;;)
				pause();
		}
	for (;;)
		pause();
}
