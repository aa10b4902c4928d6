/*
 * Hostile: behaves only when it notices a tool (TSan or Valgrind in its maps, LD_PRELOAD in its
 * environment) and is wrong otherwise. The plain runs must catch it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int watched(void)
{
	char line[512];
	FILE *fp = fopen("/proc/self/maps", "r");
	int seen = getenv("LD_PRELOAD") != NULL;

	while (fp && !seen && fgets(line, sizeof(line), fp))
		seen = strstr(line, "vgpreload") || strstr(line, "valgrind") || strstr(line, "tsan");
	if (fp)
		fclose(fp);
	return seen;
}

int main(void)
{
	/* A TSan build has the runtime linked in: its symbols answer without any map entry. */
	extern void __tsan_init(void) __attribute__((weak));

	if (watched() || __tsan_init) {
		puts("total = 40000");
		return 0;
	}
	puts("total = 39117");
	return 1;
}
