/* A locked counter written in the textbook-homework style, with its wrappers in "common.h"
 * beside it: the program must build without extra flags. */
/* expect: pass */
/* class: ok-build */
/* files: main.c */
#include <stdio.h>
#include "common.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int balance;

static void *deposit(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        Mutex_lock(&lock);
        balance++;
        Mutex_unlock(&lock);
    }
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
    return balance != 20000;
}
