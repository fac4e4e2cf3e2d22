/** The concepts the Learn panel explains; their words are in learn.messages.ts, their commands here (untranslated). */
export const CONCEPTS = ['layers', 'volumes', 'networks', 'execAttach'] as const;
export type Concept = (typeof CONCEPTS)[number];

/** Commands to try, one per caption (c1, c2, c3 in the messages). */
export const CONCEPT_COMMANDS: Record<Concept, [string, string, string]> = {
  layers: ['docker image history nginx:latest', 'docker diff web', 'docker system df -v'],
  volumes: [
    'docker volume create pgdata && docker run --rm -v pgdata:/data busybox sh -c "echo hi > /data/x" && docker run --rm -v pgdata:/data busybox cat /data/x',
    'docker run -d --name anon -v /data busybox sleep 600 && docker inspect -f "{{json .Mounts}}" anon',
    'docker volume ls -f dangling=true',
  ],
  networks: [
    'docker network create app && docker run -d --name db --network app busybox sleep 600 && docker run --rm --network app busybox ping -c1 db',
    'docker run -d --name db2 busybox sleep 600 && docker run --rm busybox ping -c1 db2',
    'docker network inspect -f "{{json .Containers}}" app',
  ],
  execAttach: ['docker exec -it web sh', 'docker attach web', 'docker top web'],
};

export const isConcept = (s: string): s is Concept => (CONCEPTS as readonly string[]).includes(s);
