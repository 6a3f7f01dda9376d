#!/bin/bash
# Container health = the service's readiness group. Written against bash's /dev/tcp so that the image needs
# neither curl nor wget.
set -eu
port="${SERVER_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r -t 2 status_line <&3
exec 3<&-
case "${status_line}" in
  *" 200 "*) exit 0 ;;
  *) echo "readiness: ${status_line:-no answer}" >&2; exit 1 ;;
esac
