// `labcheck check` after the chapter typed by hand with one deviation: `docker run -d --name my-kubia
// -p 1234:8080 kubia`. The container is found by what it is (made from kubia:latest, publishing 8080),
// judged, and each message says the chapter names it kubia-container. Uses the chapter's own image name,
// so it needs kubia:latest and kubia-container free (CI machines have them free), and removes what it made.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { docker, testContext, track, workdirWith } from '../support/docker.js';
import { cleanEachTest, inspect, messageOf, statuses } from '../support/labs.js';
import { inspectContainer, inspectImage } from '../../src/docker/api.js';

cleanEachTest();

describe('check mode, the container named otherwise', () => {
  it('judges my-kubia as the chapter\'s kubia-container in run-container, container-info and stop-remove, saying so', async () => {
    const taken = [await inspectImage(docker, 'kubia:latest'), await inspectContainer(docker, 'kubia-container')];
    // Never touch a user's own: this test needs the chapter's names free.
    expect(taken, 'kubia:latest or kubia-container exists on this machine').toEqual([undefined, undefined]);
    const run = track();
    const name = `my-kubia-${run}`;
    const label = ['--label', `io.labcheck.run=${run}`];
    const note = ` (container ${name}; the chapter names it kubia-container)`;
    try {
      await execa('docker', ['build', '-t', 'kubia', ...label, '.'], { cwd: workdirWith() });
      // Also made from kubia, but without -p and stopped: the one publishing 8080 is the student's.
      await execa('docker', ['create', '--name', `kubia-try-${run}`, ...label, 'kubia']);
      await execa('docker', ['run', '-d', '--name', name, ...label, '-p', '127.0.0.1::8080', 'kubia']);

      const results = await inspect(testContext({ mode: 'check' }), 'run-container', 'container-info');
      expect(statuses(results, 'run-container')).toEqual({ 'container-running': 'passed', 'port-mapped': 'passed', 'answers-hostname': 'passed' });
      expect(statuses(results, 'container-info')).toEqual({ 'ps-lists-container': 'passed', 'inspect-running-ip': 'passed', 'logs-server-starting': 'passed', 'logs-request-received': 'passed' });
      expect(messageOf(results, 'run-container', 'container-running')).toMatch(new RegExp(`^${name} is running, made from kubia(:latest)?${note.replace(/[()]/g, '\\$&')}$`));
      expect(messageOf(results, 'run-container', 'answers-hostname')).toMatch(/^a GET on 127\.0\.0\.1:\d+ answered 200 with the container's hostname [0-9a-f]{12}: /);
      for (const [lab, check] of [['run-container', 'port-mapped'], ['run-container', 'answers-hostname'], ['container-info', 'ps-lists-container'], ['container-info', 'logs-request-received']] as const) {
        expect(messageOf(results, lab, check), `${lab}/${check}`).toMatch(new RegExp(`\\(container ${name}; the chapter names it kubia-container\\)$`));
      }

      // The chapter's section "停止运行容器并删除", typed with the student's name.
      for (const args of [['stop', '-t', '1', name], ['start', name], ['stop', '-t', '1', name], ['rm', name]]) await execa('docker', args);
      const after = await inspect(testContext({ mode: 'check' }), 'stop-remove');
      expect(statuses(after, 'stop-remove')).toMatchObject({ 'stopped-exited': 'passed', restarted: 'passed', removed: 'passed' });
      expect(messageOf(after, 'stop-remove', 'stopped-exited')).toMatch(new RegExp(`^the engine recorded (docker stop of ${name} at \\S+|that ${name} ended at \\S+ with exit code 1(37|43), as docker stop ends it); it has been removed since${note.replace(/[()]/g, '\\$&')}$`));
      expect(messageOf(after, 'stop-remove', 'removed')).toMatch(new RegExp(`^the engine recorded the removal of ${name} at \\S+, and docker ps -a lists no ${name}`));
    } finally {
      await execa('docker', ['rm', '-f', name, `kubia-try-${run}`], { reject: false });
      await execa('docker', ['rmi', 'kubia:latest'], { reject: false });
    }
  });
});
