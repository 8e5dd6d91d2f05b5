# Sends one UDP datagram with a source address and port of our choosing, through a raw socket
# (root only): the spoof that starts a UDP echo loop when the source is the listener itself.
# Usage: spoof-udp.py SRC_ADDR SRC_PORT DST_ADDR DST_PORT PAYLOAD
import ipaddress
import socket
import struct
import sys


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total & 0xFFFF) or 0xFFFF


def main():
    src, sport, dst, dport, payload = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5].encode()
    src_ip, dst_ip = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    length = 8 + len(payload)
    if src_ip.version == 4:
        pseudo = src_ip.packed + dst_ip.packed + struct.pack("!BBH", 0, socket.IPPROTO_UDP, length)
    else:
        pseudo = src_ip.packed + dst_ip.packed + struct.pack("!IxxxB", length, socket.IPPROTO_UDP)
    udp = struct.pack("!HHHH", sport, dport, length, 0) + payload
    udp = struct.pack("!HHHH", sport, dport, length, checksum(pseudo + udp)) + payload
    if src_ip.version == 4:
        # IPPROTO_RAW implies IP_HDRINCL; the kernel fills in the total length, id and header checksum.
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + length, 0, 0, 64, socket.IPPROTO_UDP, 0,
                             src_ip.packed, dst_ip.packed)
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        sock.sendto(header + udp, (dst, 0))
    else:
        # On AF_INET6, IPPROTO_RAW also means we write the IPv6 header ourselves.
        header = struct.pack("!IHBB16s16s", 6 << 28, length, socket.IPPROTO_UDP, 64, src_ip.packed, dst_ip.packed)
        sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        sock.sendto(header + udp, (dst, 0))


main()
