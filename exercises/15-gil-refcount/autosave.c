/* An editor's autosave: four threads save the same open document over and over. */
#include "ext.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define THREADS 4
#define SAVES 80

static struct doc_obj doc;
static int freed;

static void doc_dealloc(struct obj *self)
{
	(void)self;
	freed = 1; /* the editor still has it open: this must never happen */
}

static void *autosave(void *arg)
{
	long id = (long)arg;
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC), failed = 0;

	for (int i = 0; i < SAVES; i++) {
		gil_acquire();
		if (ext_save(&doc, fd) < 0)
			failed++;
		if (i % 40 == 0)
			printf("%*ssaver %ld: %d saves so far\n", (int)id * 6, "", id, doc.saves);
		gil_release();
	}
	close(fd);
	return (void *)(long)failed;
}

int main(void)
{
	pthread_t t[THREADS];
	long failed = 0;

	obj_init(&doc.base, "doc", doc_dealloc); /* the editor's own reference */
	strcpy(doc.text, "Dear diary, today the GIL...\n");
	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, autosave, (void *)i);
	for (int i = 0; i < THREADS; i++) {
		void *r;

		pthread_join(t[i], &r);
		failed += (long)r;
	}
	gil_acquire();
	printf("saves %d, failed %ld, refcount %ld, %s\n", doc.saves, failed, obj_refcnt(&doc.base),
	       freed ? "document FREED while open" : "document alive");
	gil_release();
	if (doc.saves == THREADS * SAVES && !failed && !freed && obj_refcnt(&doc.base) == 1)
		return 0;
	printf("FAIL: %s: reference counts were changed without the GIL and updates were lost\n",
	       freed ? "the document was freed while still open" : "the reference count is off");
	return 1;
}
