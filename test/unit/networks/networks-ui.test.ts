import { describe, expect, it, vi } from 'vitest';
import type Docker from 'dockerode';
import { toNetworkSummary, userAliases } from '../../../main/services/networks.service';
import type { NetworkSummary } from '../../../preload/contract/networks.contract';

// These modules import the live stores and API client (which pick a bridge from `window`).
vi.mock('../../../renderer/src/stores', () => ({ useContainers: vi.fn(), useNetworks: vi.fn(), useVolumes: vi.fn() }));
vi.mock('../../../renderer/src/api', () => ({ api: { call: vi.fn() } }));

const { fixedIpProblem, splitAliases } = await import('../../../renderer/src/networks/NetworkDetails');
const { networkFormIssues } = await import('../../../renderer/src/networks/CreateNetworkDialog');
const { visibleNetworks } = await import('../../../renderer/src/networks/NetworksPanel');
const { checkableNetworks } = await import('../../../renderer/src/networks/ConnectivityDialog');
const { networkCommands } = await import('../../../renderer/src/lib/networks-commands');

const NET = 'f'.repeat(64);

describe('toNetworkSummary', () => {
  const containers = [
    {
      Id: 'a'.repeat(64),
      Names: ['/web'],
      State: 'running',
      Image: 'nginx',
      Labels: {},
      NetworkSettings: {
        Networks: {
          shop: {
            NetworkID: NET,
            EndpointID: 'e1',
            IPAddress: '10.213.0.2',
            GlobalIPv6Address: '',
            MacAddress: '02:42',
          },
          bridge: { NetworkID: 'b'.repeat(64), EndpointID: 'e2', IPAddress: '172.17.0.2' },
        },
      },
    },
    {
      Id: 'c'.repeat(64),
      Names: ['/stopped'],
      State: 'exited',
      Image: 'busybox',
      Labels: {},
      NetworkSettings: { Networks: { shop: { NetworkID: '', EndpointID: '', IPAddress: '' } } },
    },
    {
      Id: 'd'.repeat(64),
      Names: ['/berth-helper'],
      State: 'created',
      Image: 'x',
      Labels: { 'berth.helper': 'true' },
      NetworkSettings: { Networks: { shop: { NetworkID: '', EndpointID: '' } } },
    },
  ] as unknown as Docker.ContainerInfo[];

  it('finds running members by network id and stopped ones by name; helpers left out', () => {
    const n = toNetworkSummary(
      {
        Name: 'shop',
        Id: NET,
        Driver: 'bridge',
        Created: '2024-01-01T00:00:00Z',
        IPAM: { Config: [{ Subnet: '10.213.0.0/24' }] },
      },
      containers,
      new Map([['a'.repeat(64), { shop: ['www'] }]]),
    );
    expect(n).toMatchObject({
      name: 'shop',
      builtIn: false,
      subnets: [{ subnet: '10.213.0.0/24' }],
      created: 1704067200,
    });
    expect(n.containers).toEqual(
      [
        { id: 'c'.repeat(64), name: 'stopped', state: 'exited', image: 'busybox', active: false, aliases: [] },
        {
          id: 'a'.repeat(64),
          name: 'web',
          state: 'running',
          image: 'nginx',
          active: true,
          ipv4: '10.213.0.2',
          mac: '02:42',
          aliases: ['www'],
        },
      ].sort((x, y) => x.name.localeCompare(y.name)),
    );
    const bridge = toNetworkSummary({ Name: 'bridge', Id: 'b'.repeat(64), IPAM: null }, containers);
    expect(bridge.builtIn).toBe(true);
    expect(bridge.containers.map((c) => c.name)).toEqual(['web']);
  });

  it('drops the short-id alias the engine adds', () => {
    expect(userAliases(['db', 'a'.repeat(12)], 'a'.repeat(64))).toEqual(['db']);
    expect(userAliases(null, 'x')).toEqual([]);
  });
});

const summary = (over: Partial<NetworkSummary>): NetworkSummary => ({
  id: NET,
  name: 'shop',
  driver: 'bridge',
  scope: 'local',
  internal: false,
  attachable: false,
  ingress: false,
  ipv6: false,
  builtIn: false,
  subnets: [{ subnet: '10.213.0.0/24' }],
  labels: {},
  options: {},
  containers: [],
  ...over,
});

describe('network forms', () => {
  it('checks a fixed IP against the network’s subnet', () => {
    const n = summary({});
    expect(fixedIpProblem(n, '', 4)).toBeUndefined();
    expect(fixedIpProblem(n, '10.213.0.9', 4)).toBeUndefined();
    expect(fixedIpProblem(n, '10.213.1.9', 4)).toBe('networks.connect.ipOutside');
    expect(fixedIpProblem(n, '10.213.0.300', 4)).toBe('networks.connect.ipInvalid');
    expect(fixedIpProblem(summary({ subnets: [] }), '10.213.0.9', 4)).toBe('networks.connect.ipNeedsSubnet');
    expect(fixedIpProblem(n, 'fd00::1', 6)).toBe('networks.connect.ipNeedsSubnet');
  });

  it('splits aliases on commas and spaces', () => {
    expect(splitAliases(' db, primary  cache,,')).toEqual(['db', 'primary', 'cache']);
  });

  it('flags the create form’s fields as main would', () => {
    const base = {
      name: 'n',
      driver: 'bridge',
      subnet: '',
      gateway: '',
      ipRange: '',
      internal: false,
      attachable: false,
      ipv6: false,
      ipv6Subnet: '',
    };
    expect(networkFormIssues(base)).toEqual({});
    expect(networkFormIssues({ ...base, name: '-x' })).toEqual({ name: { code: 'name' } });
    expect(networkFormIssues({ ...base, subnet: '10.1.1.1/24' }).subnet).toEqual({
      code: 'host_bits',
      suggestion: '10.1.1.0/24',
    });
    expect(networkFormIssues({ ...base, ipv6Subnet: 'fd00::/64' }).ipv6Subnet?.code).toBe('needs_subnet');
  });

  it('lists user networks first and finds networks by container', () => {
    const rows = new Map(
      [
        summary({ id: 'b1', name: 'bridge', builtIn: true }),
        summary({
          id: 'u1',
          name: 'zz',
          containers: [{ id: 'c', name: 'web', state: 'running', image: 'i', active: true, aliases: [] }],
        }),
        summary({ id: 'u2', name: 'aa' }),
      ].map((n) => [n.id, n]),
    );
    expect(visibleNetworks(rows, '').map((n) => n.name)).toEqual(['aa', 'zz', 'bridge']);
    expect(visibleNetworks(rows, 'WEB').map((n) => n.name)).toEqual(['zz']);
  });

  it('offers only networks with two running containers for a check', () => {
    const m = (id: string, active = true) => ({ id, name: id, state: 'running', image: 'i', active, aliases: [] });
    const nets = [
      summary({ id: '1', name: 'two', containers: [m('a'), m('b')] }),
      summary({ id: '2', name: 'one', containers: [m('a'), m('b', false)] }),
      summary({ id: '3', name: 'host', builtIn: true, containers: [m('a'), m('b')] }),
    ];
    expect(checkableNetworks(nets).map((n) => n.name)).toEqual(['two']);
  });

  it('shows the equivalent docker commands', () => {
    expect(networkCommands.connect('shop', 'web', { aliases: ['db'], ipv4: '10.0.0.5' })).toBe(
      'docker network connect --alias db --ip 10.0.0.5 shop web',
    );
    expect(networkCommands.ping('a', 'b')).toBe('docker exec a ping -c 1 -W 2 b');
    expect(networkCommands.create({ name: 'n', internal: true, subnet: '10.0.0.0/24' })).toBe(
      'docker network create --subnet 10.0.0.0/24 --internal n',
    );
  });
});
