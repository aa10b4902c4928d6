/* Sleeps forever under a name the test can look for afterwards. */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
