/*
 * getaddrinfo(NAME, AF_INET, AI_CANONNAME) linked against musl, for the local target's musl resolver
 * walks: prints "IP canonname" per address (canonname on the first line only, like getent) and exits
 * 0 when an address was found, 2 otherwise (the getaddrinfo error on stderr).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s NAME\n", argv[0]);
    return 64;
  }
  struct addrinfo hints, *res, *p;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_CANONNAME;
  int rc = getaddrinfo(argv[1], NULL, &hints, &res);
  if (rc != 0) {
    fprintf(stderr, "%s\n", gai_strerror(rc));
    return 2;
  }
  int first = 1;
  for (p = res; p; p = p->ai_next) {
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &((struct sockaddr_in *)p->ai_addr)->sin_addr, ip, sizeof ip);
    if (first && p->ai_canonname) printf("%s STREAM %s\n", ip, p->ai_canonname);
    else printf("%s STREAM\n", ip);
    first = 0;
  }
  freeaddrinfo(res);
  return 0;
}
