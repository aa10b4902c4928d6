/* Two producers append to one log array through an unlocked shared index. */
/* expect: fail data-race */
/* class: data-race */
#include <pthread.h>
#include <stdio.h>

#define CAP 4096
static int log_buf[CAP];
static int log_len;

static void *producer(void *arg)
{
    int id = *(int *)arg;
    for (int i = 0; i < CAP / 4; i++)
        log_buf[log_len++] = id; /* two appenders may take the same slot */
    return NULL;
}

int main(void)
{
    int ids[2] = {1, 2};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, producer, &ids[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("entries: %d (want %d)\n", log_len, CAP / 2);
    return 0;
}
