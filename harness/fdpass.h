/* fdpass.h: passing one descriptor over a unix socket (SCM_RIGHTS). */
#ifndef IPCC_FDPASS_H
#define IPCC_FDPASS_H

/* Sends fd (the sender keeps its copy). 0, or -1 with errno. */
int ipcc_send_fd(int sock, int fd);
/* Receives one descriptor, close-on-exec. The descriptor, or -1 with errno
 * (EOF: 0 bytes, errno EPROTO). */
int ipcc_recv_fd(int sock);

#endif
