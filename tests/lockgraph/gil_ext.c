/*
 * A CPython extension for the GIL tests (gil_threads.py): the same wait in poll(), once with the
 * GIL held (every Python thread stops) and once released around it, as an extension should.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <poll.h>

static PyObject *wait_holding(PyObject *self, PyObject *arg)
{
	int ms = (int)PyLong_AsLong(arg);

	(void)self;
	if (ms < 0 && PyErr_Occurred())
		return NULL;
	poll(NULL, 0, ms); /* LINE poll-holding */
	Py_RETURN_NONE;
}

static PyObject *wait_releasing(PyObject *self, PyObject *arg)
{
	int ms = (int)PyLong_AsLong(arg);

	(void)self;
	if (ms < 0 && PyErr_Occurred())
		return NULL;
	Py_BEGIN_ALLOW_THREADS
	poll(NULL, 0, ms);
	Py_END_ALLOW_THREADS
	Py_RETURN_NONE;
}

static PyMethodDef gil_ext_methods[] = {
	{ "wait_holding", wait_holding, METH_O, "poll() for ms milliseconds, GIL held." },
	{ "wait_releasing", wait_releasing, METH_O, "poll() for ms milliseconds, GIL released." },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef gil_ext_module = {
	PyModuleDef_HEAD_INIT, "gil_ext", NULL, -1, gil_ext_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_gil_ext(void)
{
	return PyModule_Create(&gil_ext_module);
}
