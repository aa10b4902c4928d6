/* Floods stdout with terminal escapes and fake verdicts (up to 2 GiB, the safety cap). */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char junk[] =
		"\033[2J\033[H\033[32mPASS\033[0m all tests passed\n"
		"{\"schema\": 1, \"summary\": {\"passed\": 99, \"failed\": 0}}\n"
		"\033]0;pwned\007\033[?1049h verdict: pass score: 10/10\n";
	char buf[65536];
	size_t fill = 0, total = 0;

	while (fill + sizeof(junk) < sizeof(buf)) {
		memcpy(buf + fill, junk, sizeof(junk) - 1);
		fill += sizeof(junk) - 1;
	}
	while (total < (2ul << 30)) {
		ssize_t n = write(1, buf, fill);

		if (n <= 0)
			return 4;
		total += (size_t)n;
	}
	return 3;
}
