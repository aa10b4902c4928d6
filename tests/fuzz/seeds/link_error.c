/* Compiled by record.sh: compiles, then fails to link (an undefined function). */
void not_defined_anywhere(void);

int main(void)
{
	not_defined_anywhere();
	return 0;
}
