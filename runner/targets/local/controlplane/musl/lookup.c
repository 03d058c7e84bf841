/*
 * getaddrinfo(NAME, AF_INET or, with -6, AF_INET6; AI_CANONNAME) for the local target's resolver
 * walks, built twice: against musl (static) and against the base image's glibc. `getent ahostsv6`
 * would not do for AAAA: it asks with AI_V4MAPPED, so glibc walks on to A queries. Prints
 * "IP STREAM canonname" per address (canonname on the first line only, like getent) and exits 0 when
 * an address was found, 2 otherwise (the getaddrinfo error on stderr).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  int family = AF_INET;
  if (argc == 3 && strcmp(argv[1], "-6") == 0) {
    family = AF_INET6;
    argv++;
    argc--;
  }
  if (argc != 2) {
    fprintf(stderr, "usage: %s [-6] NAME\n", argv[0]);
    return 64;
  }
  struct addrinfo hints, *res, *p;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = family;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_CANONNAME;
  int rc = getaddrinfo(argv[1], NULL, &hints, &res);
  if (rc != 0) {
    fprintf(stderr, "%s\n", gai_strerror(rc));
    return 2;
  }
  int first = 1;
  for (p = res; p; p = p->ai_next) {
    char ip[INET6_ADDRSTRLEN];
    if (p->ai_family == AF_INET6)
      inet_ntop(AF_INET6, &((struct sockaddr_in6 *)p->ai_addr)->sin6_addr, ip, sizeof ip);
    else
      inet_ntop(AF_INET, &((struct sockaddr_in *)p->ai_addr)->sin_addr, ip, sizeof ip);
    if (first && p->ai_canonname) printf("%s STREAM %s\n", ip, p->ai_canonname);
    else printf("%s STREAM\n", ip);
    first = 0;
  }
  freeaddrinfo(res);
  return 0;
}
