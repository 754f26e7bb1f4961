/**
 * Issue 6 acceptance, the console: on surebackup-static-mapping the appliance answers
 * `ip route get 192.168.149.36 from 192.168.149.22 iif eth0 mark 0x6` with table 2 / dev eth1; ping and
 * conntrack -L answer as iputils and conntrack-tools do.
 */
import { expect, test } from './fixtures.ts';
import { ConsolePage } from './pages/ConsolePage.ts';

test('the appliance console answers ip route get, ping and conntrack -L', async ({
  designer,
  page,
  consoleErrors,
}) => {
  await designer.open('surebackup-static-mapping');
  const c = new ConsolePage(page);
  await c.open('vlab');
  const route = await c.run('ip route get 192.168.149.36 from 192.168.149.22 iif eth0 mark 0x6');
  await expect(route).toContainText('root@vlab');
  await expect(route).toContainText('192.168.149.36 from 192.168.149.22 dev eth1 table 2 mark 6');
  await expect(route).toContainText('cache iif eth0');

  await c.open('vbs');
  const ping = await c.run('ping -c 2 192.168.150.36');
  await expect(ping).toContainText('PING 192.168.150.36 (192.168.150.36) 56(84) bytes of data.');
  await expect(ping).toContainText('64 bytes from 192.168.150.36: icmp_seq=2 ttl=63');
  await expect(ping).toContainText('2 packets transmitted, 2 received, 0% packet loss');

  // the appliance's conntrack table is the one those pings went through (one state per console)
  await c.open('vlab');
  const ct = await c.run('conntrack -L');
  await expect(ct).toContainText('src=192.168.149.22 dst=192.168.150.36 type=8 code=0 id=4242');
  await expect(ct).toContainText('src=192.168.149.36 dst=192.168.149.2 type=0 code=0 id=4242');
  await expect(ct.getByTestId('console-stderr')).toContainText('1 flow entries have been shown.');
  expect(consoleErrors).toEqual([]);
});
