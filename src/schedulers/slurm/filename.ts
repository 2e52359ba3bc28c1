/** How sbatch reads the file names of --output and --error. */

/**
 * A path for --output/--error as sbatch reads it: sbatch replaces `%j`, `%x`, `%A`, ... in those
 * names (sbatch(1), "filename pattern"), so a literal `%` is written `%%`. A name holding a
 * backslash gets no replacements, but sbatch drops single backslashes from it (Slurm 22.05), so
 * there each backslash is doubled instead.
 */
export function slurmFilename(path: string): string {
  return path.includes('\\') ? path.replace(/\\/g, '\\\\') : path.replace(/%/g, '%%');
}
