/*
 * A minimal python3: the real CPython interpreter (Debian's libpython3.11), with the sensor
 * extension built in, running app.py as `python3 app.py` would. Exit status: app.py's.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>

PyMODINIT_FUNC PyInit_sensor(void);

int main(void)
{
	FILE *script;
	int status;

	if (PyImport_AppendInittab("sensor", PyInit_sensor) != 0)
		return 3;
	Py_InitializeEx(0);
	script = fopen("app.py", "r");
	if (!script) {
		perror("app.py");
		return 3;
	}
	/* A SystemExit in app.py ends the process here with its status, as in python3. */
	status = PyRun_SimpleFileExFlags(script, "app.py", 1, NULL);
	if (Py_FinalizeEx() < 0)
		return 120;
	return status ? 1 : 0;
}
