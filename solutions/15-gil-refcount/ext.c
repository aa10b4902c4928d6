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

	/*
	 * Keep the document alive while we write it out. The count is interpreter state, so it is
	 * changed while we still hold the GIL, and dropped only after we hold it again. Between the
	 * macros this thread owns nothing of the interpreter: it only reads doc->text, which no
	 * thread changes while a reference keeps the document alive.
	 */
	obj_incref(&doc->base);
	GIL_BEGIN_ALLOW_THREADS
	n = slow_write(fd, doc->text, strlen(doc->text));
	GIL_END_ALLOW_THREADS
	obj_decref(&doc->base);

	doc->saves++;
	return n < 0 ? -1 : 0;
}
