#!/usr/bin/perl
# Parses a TAP file with Perl's TAP::Parser (what `prove` uses) and prints one line of counts, so a
# test can compare them: "version=14 plan=N run=N failed=I,J skipped=K parse_errors=0".
# Debian 12 ships Test::Harness 3.44, which knows TAP up to version 13 and stops at the line
# "TAP version 14". racelab writes only constructs TAP 13 also has, so when the installed parser
# refuses 14, the file is parsed as 13 (the version line alone rewritten), and the line says so.
# Then `prove --exec cat` runs on the same text, and its summary must show no parse errors.
use strict;
use warnings;
use File::Temp qw(tempfile);
use TAP::Parser;

my $file = shift or die "usage: tap_check.pl FILE\n";
open(my $in, '<', $file) or die "$file: $!\n";
my $tap = do { local $/; <$in> };
close($in);

my ($version) = $tap =~ /\ATAP version (\d+)\n/ or die "$file: first line is not 'TAP version N'\n";

my $probe = TAP::Parser->new({ tap => "TAP version 14\n1..0\n" });
$probe->run;
my $knows14 = !$probe->parse_errors;
my $text = $tap;
$text =~ s/\ATAP version 14\n/TAP version 13\n/ unless $knows14;

my $p = TAP::Parser->new({ tap => $text });
$p->run;
my @errors = $p->parse_errors;
printf "version=%d parser_knows_14=%d plan=%s run=%d failed=%s skipped=%s parse_errors=%d\n",
    $version, $knows14 ? 1 : 0, $p->tests_planned // 'none', $p->tests_run,
    join(',', $p->failed) || '-', join(',', $p->skipped) || '-', scalar @errors;
print "parse error: $_\n" for @errors;

my ($fh, $tmp) = tempfile(SUFFIX => '.tap', UNLINK => 1);
print $fh $text;
close($fh);
my $prove = `prove --exec cat $tmp 2>&1`;
if ($prove =~ /Parse errors/ || $prove !~ /Tests=\d+/) {
    print "prove could not parse it:\n$prove";
    exit 1;
}
my ($tests) = $prove =~ /Tests=(\d+)/;
print "prove: tests=$tests\n";
exit(@errors ? 1 : 0);
