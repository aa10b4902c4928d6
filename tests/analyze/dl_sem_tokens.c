/* Two binary semaphores used as tokens (a printer and a scanner), taken in opposite orders. */
/* expect: fail deadlock */
/* class: deadlock */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t printer, scanner;
static pthread_barrier_t both_hold;

static void *copy_job(void *arg)
{
    (void)arg;
    sem_wait(&scanner);
    pthread_barrier_wait(&both_hold);
    sem_wait(&printer);
    sem_post(&printer);
    sem_post(&scanner);
    return NULL;
}

static void *print_job(void *arg)
{
    (void)arg;
    sem_wait(&printer);
    pthread_barrier_wait(&both_hold);
    sem_wait(&scanner);
    sem_post(&scanner);
    sem_post(&printer);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    sem_init(&printer, 0, 1);
    sem_init(&scanner, 0, 1);
    pthread_barrier_init(&both_hold, NULL, 2);
    pthread_create(&a, NULL, copy_job, NULL);
    pthread_create(&b, NULL, print_job, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    puts("jobs done");
    return 0;
}
