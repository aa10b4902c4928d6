#!/bin/sh
# A workload test that cannot run here: say why, and exit 77, which the workload tests declare as
# their SKIP_RETURN_CODE, so CTest shows a skip rather than a pass. Usage: skip.sh REASON
echo "SKIP: ${1:?usage: skip.sh REASON}"
exit 77
