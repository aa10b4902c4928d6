/* Never built: the check stops at the missing interpreter. */
int ext_answer(void)
{
	return 42;
}
