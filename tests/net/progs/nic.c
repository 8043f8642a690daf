/* A program that can open a socket, so its image carries the network
 * (lwIP, the NIC drivers): tests/net/driver.sh boots it with the kernel's
 * `ukl.nettest`.  It says whether a UDP socket opens, and prints its words. */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	printf("socket: %s\n", fd >= 0 ? "opened" : "failed");
	if (fd >= 0)
		close(fd);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return 0;
}
