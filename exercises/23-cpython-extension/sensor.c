/*
 * sensor: a CPython extension module for a (simulated) temperature sensor on a serial line.
 * read_celsius() asks the sensor for a conversion and waits for its answer; the sensor needs
 * CONVERSION_MS to convert. Python calls it as sensor.read_celsius().
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <poll.h>
#include <unistd.h>

#define CONVERSION_MS 200

static int line[2] = { -1, -1 }; /* the serial line; the simulated sensor never answers early */

/* Waits up to ms for the sensor to signal "conversion done" on the line. A system call. */
static void wait_for_sensor(int ms)
{
	struct pollfd p = { .fd = line[0], .events = POLLIN };

	poll(&p, 1, ms);
}

static PyObject *read_celsius(PyObject *self, PyObject *args)
{
	static long conversions;

	(void)self;
	(void)args;
	wait_for_sensor(CONVERSION_MS);
	conversions++;
	/* Back with the reading: build the Python float that returns it. */
	return PyFloat_FromDouble(21.5 + (double)(conversions % 3) / 10);
}

static PyMethodDef sensor_methods[] = {
	{ "read_celsius", read_celsius, METH_NOARGS,
	  "Ask the sensor for a conversion and return the temperature in degrees Celsius." },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef sensor_module = {
	PyModuleDef_HEAD_INIT, "sensor", "A temperature sensor on a serial line.", -1,
	sensor_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_sensor(void)
{
	if (line[0] < 0 && pipe(line) != 0)
		return PyErr_SetFromErrno(PyExc_OSError);
	return PyModule_Create(&sensor_module);
}
