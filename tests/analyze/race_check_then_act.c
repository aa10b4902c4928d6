/* Two tellers check a balance under no lock, then withdraw: both can pass the check. */
/* expect: fail data-race */
/* class: data-race */
#include <pthread.h>
#include <stdio.h>

static int balance = 100;

static void *withdraw(void *arg)
{
    int amount = *(int *)arg;
    for (int i = 0; i < 1000; i++) {
        if (balance >= amount) /* check ... */
            balance -= amount; /* ... then act, with another teller in between */
        balance += amount;
    }
    return NULL;
}

int main(void)
{
    int a = 70, b = 60;
    pthread_t t1, t2;
    pthread_create(&t1, NULL, withdraw, &a);
    pthread_create(&t2, NULL, withdraw, &b);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("balance: %d\n", balance);
    return 0;
}
