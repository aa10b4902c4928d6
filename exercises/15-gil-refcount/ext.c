/* The extension's save: a slow disk write, done without the GIL so other threads can run. */
#include "ext.h"

#include <poll.h>
#include <string.h>
#include <unistd.h>

/* The "disk" is slow: every write takes about a millisecond. */
static ssize_t slow_write(int fd, const char *buf, size_t len)
{
	poll(NULL, 0, 1);
	return write(fd, buf, len);
}

int ext_save(struct doc_obj *doc, int fd)
{
	ssize_t n;

	GIL_BEGIN_ALLOW_THREADS
	/* Keep the document alive while we write it out. */
	obj_incref(&doc->base);
	n = slow_write(fd, doc->text, strlen(doc->text));
	obj_decref(&doc->base);
	GIL_END_ALLOW_THREADS

	doc->saves++;
	return n < 0 ? -1 : 0;
}
