/* The same homework style with its "common.h" beside it, but the worker forgets the lock. */
/* expect: fail data-race */
/* class: data-race */
/* files: main.c */
#include <stdio.h>
#include "common.h"

static int balance;

static void *deposit(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++)
        balance++;
    return NULL;
}

int main(void)
{
    pthread_t p1, p2;
    Pthread_create(&p1, NULL, deposit, NULL);
    Pthread_create(&p2, NULL, deposit, NULL);
    Pthread_join(p1, NULL);
    Pthread_join(p2, NULL);
    printf("balance %d\n", balance);
    return 0;
}
