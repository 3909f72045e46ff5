#!/usr/bin/env bash
# No product binary links a network library or calls the socket API itself.
# Checked: the binaries' own NEEDED entries (what we chose to link) and the symbols they
# import. Third-party libraries we use may carry network code of their own (Debian's
# tesseract links libcurl for URL input, which we never pass it); the offline main-job test
# proves at run time, in a namespace with no network at all, that nothing needs it.
set -u
bin=$1
bad=0
found=0
for b in perimeter perimeter-cli perimeter-extract; do
  f="$bin/$b"
  [[ -x "$f" ]] || continue
  found=$((found+1))
  needed=$(readelf -d "$f" | awk '/NEEDED/ {gsub(/[\[\]]/,"",$5); print $5}')
  net=$(echo "$needed" | grep -iE 'curl|ssl|gnutls|Qt6Network|libzmq|grpc|libsoup|libnss|websocket' || true)
  if [[ -n "$net" ]]; then echo "$b links a network library: $net"; bad=1; fi
  syms=$(nm -D --undefined-only "$f" 2>/dev/null | awk '{print $2}' | sed 's/@.*//' |
         grep -xE 'socket|connect|bind|listen|accept|accept4|getaddrinfo|gethostbyname|sendto|recvfrom|curl_easy_init|curl_easy_perform' || true)
  if [[ -n "$syms" ]]; then echo "$b imports socket functions: $syms"; bad=1; fi
  echo "$b: NEEDED $(echo $needed | tr '\n' ' ')"
done
if [[ $found -lt 2 ]]; then echo "expected perimeter-cli and perimeter in $bin, found $found binaries"; exit 1; fi
[[ $bad -eq 0 ]] && echo "no network libraries or socket calls in $found product binaries"
exit $bad
