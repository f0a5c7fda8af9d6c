//! Developer tools, apart from the product: the case generator and the workbench benchmark
//! (`loket gen`, `loket bench`). Nothing in the product depends on them.

pub mod crash;
pub mod generate;
pub mod team_bench;
pub mod workload;
