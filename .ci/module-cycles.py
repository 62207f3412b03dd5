#!/usr/bin/env python3
"""Fails when modules under src/ import each other in a circle (a lint of .ci/run).

Edges: `crate::` paths, `super::` paths (an item of the parent counts as the parent), and bare
child-module paths (`archive::run`). `#[cfg(test)]` code and comments are left out. Usage:
`python3 .ci/module-cycles.py [REPO] [-v]` (-v lists every module's imports).
"""
import re,sys,glob,os
root=(sys.argv[1] if len(sys.argv)>1 and not sys.argv[1].startswith('-') else '.')+'/src'
def modname(p):
    r=os.path.relpath(p,root)[:-3]
    r=r.replace('/mod','').replace('/','::')
    return 'crate' if r in('lib','main') else r
mods={modname(p):open(p).read() for p in glob.glob(root+'/**/*.rs',recursive=True)}
edges={m:set() for m in mods}
for m,text in mods.items():
    # strip test modules
    text=text.split("#[cfg(test)]")[0]
    text="\n".join(l.split("//")[0] for l in text.split("\n"))
    refs=re.findall(r'crate::((?:\w+::)*\w+)',text)
    for grp in re.findall(r'crate::\{([^}]*)\}',text,re.S):
        refs+= [g.strip().split(' ')[0] for g in grp.split(',') if g.strip()]
    for grp in re.findall(r'super::\{([^}]*)\}',text,re.S):
        text+= ' '+' '.join('super::'+g.strip() for g in grp.split(',') if g.strip())
    for ref in refs:
        parts=ref.split('::')
        # longest module prefix
        for k in range(len(parts),0,-1):
            cand='::'.join(parts[:k])
            if cand in mods and cand!=m: edges[m].add(cand);break
    if m!='crate':
        parent='::'.join(m.split('::')[:-1]) or 'crate'
        for ref in re.findall(r'super::((?:\w+::)*\w+)',text):
            parts=ref.split('::')
            for k in range(len(parts),0,-1):
                cand=(parent+'::' if parent!='crate' else '')+'::'.join(parts[:k])
                if cand in mods and cand!=m: edges[m].add(cand);break
            else:
                if parent in mods: edges[m].add(parent)
        # bare child paths: `archive::run(...)`
        for cand in mods:
            if cand.startswith(m+'::') and cand.count('::')==m.count('::')+1:
                child=cand.split('::')[-1]
                if re.search(r'(?<![\w:])'+child+r'::',text): edges[m].add(cand)
        # use self::child
        for ref in re.findall(r'self::(\w+)',text):
            cand=m+'::'+ref
            if cand in mods: edges[m].add(cand)
# find cycles via SCC (Tarjan)
idx={};low={};st=[];on=set();sccs=[];c=[0]
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in edges[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: sccs.append(comp)
sys.setrecursionlimit(10000)
for v in edges:
    if v not in idx: sc(v)
if sccs:
    print("import cycles among src modules:", sccs)
    sys.exit(1)
print("no import cycles among", len(mods), "src modules")
if '-v' in sys.argv:
    for m in sorted(edges): print(m,'->',sorted(edges[m]))
