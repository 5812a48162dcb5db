/**
 * Asterisk's AstDB (main/db.c, an SQLite table of `/family/key` -> value): what DBPut, DBGet,
 * DBDel, DBDelTree and DBGetTree read and write, and where func_devstate keeps Custom: device
 * states (family CustomDevstate, capture 24c). Listings come in key order, as `ORDER BY key`. Pure.
 */
export class AstDb {
  private readonly rows = new Map<string, string>();

  put(family: string, key: string, value: string): void {
    this.rows.set(`/${family}/${key}`, value);
  }

  get(family: string, key: string): string | undefined {
    return this.rows.get(`/${family}/${key}`);
  }

  /** ast_db_del(): false when the key was not there. */
  del(family: string, key: string): boolean {
    return this.rows.delete(`/${family}/${key}`);
  }

  /** ast_db_deltree(): how many keys went. */
  delTree(family: string, key = ''): number {
    const prefix = key ? `/${family}/${key}` : `/${family}`;
    let n = 0;
    for (const k of [...this.rows.keys()]) {
      if (k === prefix || k.startsWith(`${prefix}/`)) {
        this.rows.delete(k);
        n++;
      }
    }
    return n;
  }

  /** ast_db_gettree(): every `/family[/key]` entry, or the whole database without a family. */
  tree(family = '', key = ''): Array<readonly [string, string]> {
    const prefix = family ? (key ? `/${family}/${key}` : `/${family}`) : '';
    return [...this.rows.entries()]
      .filter(([k]) => prefix === '' || k === prefix || k.startsWith(`${prefix}/`))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
