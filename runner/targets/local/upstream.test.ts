import { describe, expect, it } from "vitest";
import { forwardAddresses, nameservers } from "./upstream.js";

describe("where the local target's upstream world answers", () => {
  it("on each IPv4 address a Corefile forwards to, port 53 unless given", () => {
    const corefile = [
      ".:53 {",
      "    forward . 8.8.8.8 dns://8.8.4.4 {",
      "       max_concurrent 1000",
      "    }",
      "}",
      "corp.example:53 {",
      "    forward . 10.1.2.3:5353 /etc/resolv.conf tls://9.9.9.9",
      "    # forward . 1.1.1.1",
      "}",
    ].join("\n");
    expect(forwardAddresses(corefile)).toEqual(["8.8.8.8:53", "8.8.4.4:53", "10.1.2.3:5353"]);
    expect(forwardAddresses(".:53 {\n    forward . /etc/resolv.conf\n}\n")).toEqual([]);
  });

  it("and on the nodes' nameservers", () => {
    expect(nameservers("search x\nnameserver 192.168.0.1\nnameserver fd00::1\n")).toEqual([
      "192.168.0.1",
      "fd00::1",
    ]);
  });
});
