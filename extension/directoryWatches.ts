/**
 * Non-recursive Node watchers (fs.watch) on a set of directories that changes over time, for the runs view.
 *
 * Why not only vscode.FileSystemWatcher: inside a workspace folder, VS Code serves every watcher from its one
 * recursive workspace watcher (@parcel/watcher), and that watcher misses what is created inside a directory that was
 * itself just created: after `mkdir -p .gflownet/runs/smiley/<run>` (a first Train, a `gfn train --out`) it reports
 * `.gflownet` and `.gflownet/runs` and then nothing below them, not even later runs (measured with code-server
 * 4.100.3's @parcel/watcher 2.5). Watching the runs folders that exist, directory by directory, sees every new run
 * and every summary.json; the VS Code watcher still reports the first `.gflownet`, after which these are set up.
 */
import * as fs from 'node:fs';

export class DirectoryWatches {
  private readonly watchers = new Map<string, fs.FSWatcher>();

  /** `onChange` gets the name of the entry that changed in a watched directory (null when the system does not say). */
  constructor(private readonly onChange: (name: string | null) => void) {}

  /** Watches exactly `dirs` from now on: new ones are added, ones no longer listed are closed. */
  set(dirs: Iterable<string>): void {
    const wanted = new Set(dirs);
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, name) => this.onChange(name === null ? null : String(name)));
        // A watched directory that is deleted ends its watcher; the next set() drops it.
        watcher.on('error', () => this.forget(dir));
        this.watchers.set(dir, watcher);
      } catch {
        // Gone between the listing and now, or not watchable: the next change seen elsewhere lists again.
      }
    }
  }

  private forget(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }

  get size(): number {
    return this.watchers.size;
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
